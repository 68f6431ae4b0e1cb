package io.mfrecommender.model;

import io.mfrecommender.linalg.Mix;
import java.util.Arrays;

/**
 * The users placed in a served version after it was trained (fold-in of posted ratings, or
 * erasure), by user id: an immutable map that {@link #with} copies in {@code O(log n)}, so each
 * post publishes a new {@link ServingModel} without copying the model or the other folded users.
 *
 * <p>A hash trie: 32-way nodes with a bitmap of occupied slots, indexed by five bits of the id's
 * scrambled hash per level. The scrambling ({@link #hash}) is a bijection on 64 bits, so two ids
 * always part within 13 levels and no collision lists are needed. {@link #with} copies only the
 * nodes on the path to the changed leaf; every older overlay stays valid and unchanged.
 */
public final class UserOverlay {

    /**
     * One user's place in a version: their own bias and vectors, or none (erased, or nothing left to fold).
     *
     * @param vector       the rating model's user vector, null when the user is not personalised
     * @param rankerVector the ranker's user vector, null without a ranker
     * @param ratedItems   model item indices of the user's ratings, sorted (left out of their recommendations)
     * @param dismissed    served item indices the user said they are not interested in, sorted: left
     *                     out of every list for them, whatever the query asks
     * @param sequence     journal position of the change this reflects: a later one replaces it, never an earlier
     */
    public record FoldedUser(
            long user,
            float bias,
            float[] vector,
            float[] rankerVector,
            int[] ratedItems,
            int[] dismissed,
            long sequence) {

        private static final int[] NONE = new int[0];

        /** A user who dismissed nothing. */
        public FoldedUser(
                long user, float bias, float[] vector, float[] rankerVector, int[] ratedItems, long sequence) {
            this(user, bias, vector, rankerVector, ratedItems, NONE, sequence);
        }

        /** The user is not personalised in this version: predictions fall back to the item baseline. */
        public static FoldedUser unknown(long user, long sequence) {
            return new FoldedUser(user, 0f, null, null, NONE, NONE, sequence);
        }

        /** Not personalised, but what they dismissed still left out of the popular list for them. */
        public static FoldedUser unknown(long user, int[] dismissed, long sequence) {
            return new FoldedUser(user, 0f, null, null, NONE, dismissed, sequence);
        }

        public boolean personalised() {
            return vector != null;
        }
    }

    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;
    private static final UserOverlay EMPTY = new UserOverlay(new Node(0, new Object[0]), 0);

    private final Node root;
    private final int size;

    private UserOverlay(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    public static UserOverlay empty() {
        return EMPTY;
    }

    public int size() {
        return size;
    }

    /** The user's entry, or null when this overlay does not place them. */
    public FoldedUser get(long user) {
        long h = hash(user);
        Node node = root;
        for (int shift = 0; ; shift += BITS) {
            int bit = 1 << (int) ((h >>> shift) & MASK);
            if ((node.bitmap & bit) == 0) {
                return null;
            }
            Object child = node.children[Integer.bitCount(node.bitmap & (bit - 1))];
            if (child instanceof FoldedUser leaf) {
                return leaf.user() == user ? leaf : null;
            }
            node = (Node) child;
        }
    }

    /** This overlay with {@code entry} placed (replacing the user's previous entry). */
    public UserOverlay with(FoldedUser entry) {
        boolean[] added = new boolean[1];
        Node updated = insert(root, entry, hash(entry.user()), 0, added);
        return new UserOverlay(updated, added[0] ? size + 1 : size);
    }

    private static Node insert(Node node, FoldedUser entry, long h, int shift, boolean[] added) {
        int bit = 1 << (int) ((h >>> shift) & MASK);
        int slot = Integer.bitCount(node.bitmap & (bit - 1));
        if ((node.bitmap & bit) == 0) {
            Object[] children = new Object[node.children.length + 1];
            System.arraycopy(node.children, 0, children, 0, slot);
            children[slot] = entry;
            System.arraycopy(node.children, slot, children, slot + 1, node.children.length - slot);
            added[0] = true;
            return new Node(node.bitmap | bit, children);
        }
        Object child = node.children[slot];
        Object replacement;
        if (child instanceof FoldedUser leaf) {
            if (leaf.user() == entry.user()) {
                replacement = entry;
            } else {
                Node split = new Node(0, new Object[0]);
                split = insert(split, leaf, hash(leaf.user()), shift + BITS, added);
                replacement = insert(split, entry, h, shift + BITS, added);
            }
        } else {
            replacement = insert((Node) child, entry, h, shift + BITS, added);
        }
        Object[] children = Arrays.copyOf(node.children, node.children.length);
        children[slot] = replacement;
        return new Node(node.bitmap, children);
    }

    /** A bijective mix of the id's bits ({@link Mix#mix64}), so that sequential ids spread over the trie. */
    static long hash(long id) {
        return Mix.mix64(id);
    }

    private record Node(int bitmap, Object[] children) {}
}
