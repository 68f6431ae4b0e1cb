package io.mfrecommender.training;

/**
 * A training parameter that was refused, with its name, so that every caller can say which one in
 * its own words: the API as {@code parameters.factors}, the command line as {@code --factors},
 * configuration as {@code recommender.training.factors}. The message reads
 * {@code <parameter> <problem>} ("factors must be between 1 and 1024, got 0").
 */
public final class ParameterException extends IllegalArgumentException {

    private final String parameter;
    private final String problem;
    private final boolean unknown;

    private ParameterException(String parameter, String problem, boolean unknown, String message, Throwable cause) {
        super(message, cause);
        this.parameter = parameter;
        this.problem = problem;
        this.unknown = unknown;
    }

    /** @param problem what is wrong, without the name: {@code must be between 1 and 1024, got 0} */
    public ParameterException(String parameter, String problem) {
        this(parameter, problem, false, parameter + " " + problem, null);
    }

    ParameterException(String parameter, String problem, Throwable cause) {
        this(parameter, problem, false, parameter + " " + problem, cause);
    }

    /** A name the parameters record does not have. */
    static ParameterException unknown(String parameter, String owner, String known) {
        return new ParameterException(
                parameter,
                "is not a parameter of " + owner,
                true,
                "unknown parameter '" + parameter + "' for " + owner + "; known: " + known,
                null);
    }

    public String parameter() {
        return parameter;
    }

    /** The message with the parameter spelled as the caller spells it ({@code --factors must be ...}). */
    public String describedAs(String name) {
        return unknown ? getMessage() : name + " " + problem;
    }
}
