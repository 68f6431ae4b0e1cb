package io.mfrecommender.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** Dispatches {@code train}, {@code benchmark}, {@code import} and {@code export}; any other arguments start the web service. */
public final class CommandLine {

    private static final Set<String> COMMANDS = Set.of("train", "benchmark", "import", "export");

    private CommandLine() {}

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs a command and returns the process exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        quietLibraries();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "train" -> new TrainCommand(out).run(Options.parse(rest));
                case "benchmark" -> new BenchmarkCommand(out).run(Options.parse(rest));
                case "import" -> new ImportCommand(out).run(Options.parse(rest));
                case "export" -> new ImportCommand(out).export(Options.parse(rest));
                default -> throw new UsageException("unknown command " + args[0]);
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Keeps ND4J's start-up chatter off standard output, where the commands print their results. */
    private static void quietLibraries() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
