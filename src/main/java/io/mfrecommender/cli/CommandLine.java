package io.mfrecommender.cli;

import io.mfrecommender.text.ClientText;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Dispatches {@code train}, {@code benchmark}, {@code import} and {@code export}. The web service
 * starts only when no command is given, that is when every argument is a Spring option
 * ({@code --key=value}); a word that is no command, or {@code --help}, prints the usage instead and
 * starts nothing (exit 2 for the mistake, 0 for help), so a typo never trains or opens a port.
 */
public final class CommandLine {

    private static final Set<String> COMMANDS = Set.of("train", "benchmark", "import", "export");
    private static final Set<String> HELP = Set.of("--help", "-h", "help");

    static final String USAGE = """
            usage: java -jar mf-recommender.jar [--KEY=VALUE ...]   start the service (Spring options)
                   java -jar mf-recommender.jar COMMAND [OPTIONS]   run a command and exit
            commands:
              train       train a version from a ratings file (train --help for its options)
              benchmark   measure quality and speed (benchmark data|lists|serving|... )
              import      a version directory, or a PyTorch state dict (.pth), into the models directory
              export      a version as a PyTorch state dict (.pth)
            docs/commands.md describes each.""";

    private CommandLine() {}

    /** Whether {@code args} ask for something other than the web service: a command, help or a mistake. */
    public static boolean handles(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--") || HELP.contains(arg)) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command and returns the process exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || HELP.contains(args[0])) {
            out.println(USAGE);
            return 0;
        }
        if (!COMMANDS.contains(args[0])) {
            String stray = Arrays.stream(args)
                    .filter(arg -> !arg.startsWith("--"))
                    .findFirst()
                    .orElse(args[0]);
            err.println("error: " + (stray.equals(args[0]) ? "unknown command " : "unknown argument ")
                    + ClientText.quote(stray) + " (the service takes --key=value options only)");
            err.println(USAGE);
            return 2;
        }
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
