package io.mfrecommender.model;

/**
 * Who a user is in one served version, resolved once per request by {@link ServingModel#user}:
 * trained into it, folded in after training from ratings posted since, or unknown (never seen,
 * erased, or with no rating of a movie the version knows).
 */
public final class ServedUser {

    public enum Kind {
        TRAINED,
        FOLDED_IN,
        UNKNOWN
    }

    private final long id;
    private final Kind kind;
    private final int index;
    private final UserOverlay.FoldedUser folded;

    private ServedUser(long id, Kind kind, int index, UserOverlay.FoldedUser folded) {
        this.id = id;
        this.kind = kind;
        this.index = index;
        this.folded = folded;
    }

    static ServedUser trained(long id, int index) {
        return new ServedUser(id, Kind.TRAINED, index, null);
    }

    static ServedUser folded(UserOverlay.FoldedUser folded) {
        return new ServedUser(folded.user(), folded.personalised() ? Kind.FOLDED_IN : Kind.UNKNOWN, -1, folded);
    }

    static ServedUser unknown(long id) {
        return new ServedUser(id, Kind.UNKNOWN, -1, null);
    }

    public long id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public boolean known() {
        return kind != Kind.UNKNOWN;
    }

    /** The model row of a trained user, -1 otherwise. */
    int index() {
        return index;
    }

    /** The overlay entry of a folded-in (or erased) user, null for the others. */
    UserOverlay.FoldedUser folded() {
        return folded;
    }
}
