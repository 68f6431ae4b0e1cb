package io.mfrecommender.pytorch;

/**
 * A {@code .pth} file this reader refuses: not a readable state dict, over a limit, or asking for
 * something a state dict never needs. The message says what is wrong and names no path.
 */
public final class PthFormatException extends RuntimeException {

    private final String refusedGlobal;

    public PthFormatException(String message) {
        this(message, null, null);
    }

    PthFormatException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private PthFormatException(String message, String refusedGlobal, Throwable cause) {
        super(message, cause);
        this.refusedGlobal = refusedGlobal;
    }

    /** A pickle naming a class or function outside the state-dict allowlist. */
    static PthFormatException refused(String global) {
        return new PthFormatException(
                "the pickle asks for '" + global + "', which a state dict never needs: refused, not constructed or "
                        + "called (allowed: collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
                        + "torch._utils._rebuild_parameter and torch storage types)",
                global,
                null);
    }

    /** The module-qualified name the pickle asked for when that is why the file was refused, else null. */
    public String refusedGlobal() {
        return refusedGlobal;
    }
}
