package io.mfrecommender.cli;

/** The command line was malformed; the message says how. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
