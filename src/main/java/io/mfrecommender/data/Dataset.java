package io.mfrecommender.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ratings held column-wise in primitive arrays: one {@code int} user index, one {@code int} item
 * index, one {@code float} rating and one {@code long} timestamp per rating, and no object per
 * rating. Rows are sorted by (user, item) and each (user, item) pair occurs at most once.
 *
 * <p>Indices are dense positions in {@link #users()} and {@link #items()}. A subset made by a
 * split shares its parent's indices, so a test user may have no training rating; {@link
 * #compacted()} drops ids without ratings. Instances are immutable: accessors that expose arrays
 * return copies.
 */
public final class Dataset {

    private final int[] userIdx;
    private final int[] itemIdx;
    private final float[] ratings;
    private final long[] timestamps;
    private final IdIndex users;
    private final IdIndex items;
    private final RatingScale scale;
    private volatile String fingerprint;

    Dataset(
            int[] userIdx,
            int[] itemIdx,
            float[] ratings,
            long[] timestamps,
            IdIndex users,
            IdIndex items,
            RatingScale scale) {
        this.userIdx = userIdx;
        this.itemIdx = itemIdx;
        this.ratings = ratings;
        this.timestamps = timestamps;
        this.users = users;
        this.items = items;
        this.scale = scale;
    }

    public int size() {
        return ratings.length;
    }

    public boolean isEmpty() {
        return ratings.length == 0;
    }

    public IdIndex users() {
        return users;
    }

    public IdIndex items() {
        return items;
    }

    public RatingScale scale() {
        return scale;
    }

    public int userIndex(int row) {
        return userIdx[row];
    }

    public int itemIndex(int row) {
        return itemIdx[row];
    }

    public float rating(int row) {
        return ratings[row];
    }

    public long timestamp(int row) {
        return timestamps[row];
    }

    public long userId(int row) {
        return users.idOf(userIdx[row]);
    }

    public long itemId(int row) {
        return items.idOf(itemIdx[row]);
    }

    public int[] userIndices() {
        return userIdx.clone();
    }

    public int[] itemIndices() {
        return itemIdx.clone();
    }

    public float[] ratings() {
        return ratings.clone();
    }

    public double meanRating() {
        double sum = 0;
        for (float r : ratings) {
            sum += r;
        }
        return ratings.length == 0 ? Double.NaN : sum / ratings.length;
    }

    /**
     * Start offsets of each user's rows: user {@code u} owns rows {@code [offsets[u], offsets[u+1])}.
     * Valid because rows are sorted by user.
     */
    public int[] userOffsets() {
        int[] offsets = new int[users.size() + 1];
        for (int u : userIdx) {
            offsets[u + 1]++;
        }
        for (int u = 0; u < users.size(); u++) {
            offsets[u + 1] += offsets[u];
        }
        return offsets;
    }

    /** The given rows, in ascending order, sharing this dataset's id indices and scale. */
    public Dataset subset(int[] rows) {
        int n = rows.length;
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        int previous = -1;
        for (int k = 0; k < n; k++) {
            int row = rows[k];
            if (row <= previous) {
                throw new IllegalArgumentException("rows must be strictly ascending");
            }
            previous = row;
            u[k] = userIdx[row];
            i[k] = itemIdx[row];
            r[k] = ratings[row];
            t[k] = timestamps[row];
        }
        return new Dataset(u, i, r, t, users, items, scale);
    }

    /** The same ratings with id indices that hold only users and items that have a rating here. */
    public Dataset compacted() {
        int[] userMap = new int[users.size()];
        int[] itemMap = new int[items.size()];
        IdIndex compactUsers = compact(userIdx, users, userMap);
        IdIndex compactItems = compact(itemIdx, items, itemMap);
        int n = size();
        int[] u = new int[n];
        int[] i = new int[n];
        for (int k = 0; k < n; k++) {
            u[k] = userMap[userIdx[k]];
            i[k] = itemMap[itemIdx[k]];
        }
        return new Dataset(u, i, ratings, timestamps, compactUsers, compactItems, scale);
    }

    /**
     * SHA-256 over the external ids and ratings in row order: two datasets with the same ratings
     * have the same fingerprint whatever file they came from. Recorded in model manifests.
     */
    public String fingerprint() {
        String result = fingerprint;
        if (result == null) {
            MessageDigest digest = sha256();
            ByteBuffer row = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < size(); k++) {
                row.clear();
                row.putLong(userId(k)).putLong(itemId(k)).putFloat(ratings[k]);
                digest.update(row.array());
            }
            result = HexFormat.of().formatHex(digest.digest());
            fingerprint = result;
        }
        return result;
    }

    @Override
    public String toString() {
        return "Dataset[ratings=" + size() + ", users=" + users.size() + ", items=" + items.size() + ", scale=" + scale
                + "]";
    }

    private static IdIndex compact(int[] indices, IdIndex index, int[] map) {
        boolean[] seen = new boolean[index.size()];
        for (int x : indices) {
            seen[x] = true;
        }
        int count = 0;
        for (boolean s : seen) {
            if (s) {
                count++;
            }
        }
        long[] ids = new long[count];
        int next = 0;
        for (int x = 0; x < seen.length; x++) {
            if (seen[x]) {
                map[x] = next;
                ids[next++] = index.idOf(x);
            } else {
                map[x] = -1;
            }
        }
        return IdIndex.of(ids);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
