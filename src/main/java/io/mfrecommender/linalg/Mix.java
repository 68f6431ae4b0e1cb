package io.mfrecommender.linalg;

/** Bit mixing for hash tables keyed by ids, which are often sequential. */
public final class Mix {

    private Mix() {}

    /**
     * The 64-bit finaliser of MurmurHash3 (Appleby): a bijection on 64 bits whose output bits each
     * depend on every input bit, so sequential ids spread evenly and distinct ids never collide.
     */
    public static long mix64(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
