package io.mfrecommender.cli;

import io.mfrecommender.text.ClientText;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Dispatches {@code train}, {@code benchmark}, {@code import}, {@code export} and {@code catalogue}. The web service
 * starts only when no command is given, that is when every argument is a Spring option
 * ({@code --key=value}); a word that is no command, or {@code --help}, prints the usage instead and
 * starts nothing (exit 2 for the mistake, 0 for help), so a typo never trains or opens a port.
 */
public final class CommandLine {

    private static final Set<String> COMMANDS = Set.of("train", "benchmark", "import", "export", "catalogue");
    private static final Set<String> HELP = Set.of("--help", "-h", "help");

    static final String USAGE = """
            usage: java -jar mf-recommender.jar [--KEY=VALUE ...]   start the service (Spring options)
                   java -jar mf-recommender.jar COMMAND [OPTIONS]   run a command and exit
            commands:
              train       train a version from a ratings file (train --help for its options)
              benchmark   measure quality and speed (benchmark data|lists|serving|... )
              import      a version directory, or a PyTorch state dict (.pth), into the models directory
              export      a version as a PyTorch state dict (.pth)
              catalogue   import a bulk catalogue file (NDJSON or CSV) before the service starts
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

    /**
     * Runs a command and returns the process exit code: 0 success (and {@code --help} at any level),
     * 1 failure, 2 usage error (picocli's parse: unknown options and commands, a missing value).
     */
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
        picocli.CommandLine parser = new picocli.CommandLine(commands());
        ParseResult parsed;
        try {
            parsed = parser.parseArgs(args);
        } catch (ParameterException e) {
            err.println("error: " + problem(e));
            err.print(e.getCommandLine().getUsageMessage());
            return 2;
        }
        ParseResult command = parsed;
        while (command.hasSubcommand()) {
            command = command.subcommand();
            if (command.isUsageHelpRequested()) {
                out.print(command.commandSpec().commandLine().getUsageMessage());
                return 0;
            }
        }
        try {
            Options options = Options.of(command);
            return switch (command.commandSpec().qualifiedName(" ")) {
                case "mf-recommender train" -> new TrainCommand(out).run(options);
                case "mf-recommender import" -> new ImportCommand(out).run(options);
                case "mf-recommender export" -> new ImportCommand(out).export(options);
                case "mf-recommender benchmark" ->
                    throw new UsageException("which benchmark?\n" + BenchmarkCommand.USAGE);
                case "mf-recommender catalogue" -> throw new UsageException(CatalogueCommand.USAGE);
                case "mf-recommender catalogue import" -> new CatalogueCommand(out).run(options);
                default -> new BenchmarkCommand(out).run(command.commandSpec().name(), options);
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** The commands and their options, for picocli: each command's usage is its synopsis and option list. */
    static CommandSpec commands() {
        CommandSpec root = CommandSpec.create().name("mf-recommender");
        root.usageMessage().width(120).customSynopsis(Options.synopsisLines(USAGE));
        root.addSubcommand("train", Options.spec("train", TrainCommand.USAGE, TrainCommand.OPTIONS));
        CommandSpec benchmark = Options.spec("benchmark", BenchmarkCommand.USAGE, Set.of());
        BenchmarkCommand.OPTIONS.forEach(
                (name, options) -> benchmark.addSubcommand(name, Options.spec(name, BenchmarkCommand.USAGE, options)));
        root.addSubcommand("benchmark", benchmark);
        root.addSubcommand("import", Options.spec("import", ImportCommand.USAGE, ImportCommand.IMPORT_OPTIONS));
        root.addSubcommand("export", Options.spec("export", ImportCommand.USAGE, ImportCommand.EXPORT_OPTIONS));
        CommandSpec catalogue = Options.spec("catalogue", CatalogueCommand.USAGE, Set.of());
        catalogue.addSubcommand("import", Options.spec("import", CatalogueCommand.USAGE, CatalogueCommand.OPTIONS));
        root.addSubcommand("catalogue", catalogue);
        return root;
    }

    /** What picocli refused, in the words the commands use: an unknown option names the known ones. */
    private static String problem(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched) {
            String first = unmatched.getUnmatched().get(0);
            if (first.startsWith("--")) {
                String name = first.substring(2).split("=", 2)[0];
                return "unknown option --" + name + "; known: "
                        + String.join(
                                ", ",
                                e.getCommandLine().getCommandSpec().optionsMap().keySet().stream()
                                        .filter(option -> option.startsWith("--"))
                                        .sorted()
                                        .toList());
            }
            return "unexpected argument " + ClientText.quote(first);
        }
        return e.getMessage();
    }

    /** Keeps ND4J's start-up chatter off standard output, where the commands print their results. */
    private static void quietLibraries() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
