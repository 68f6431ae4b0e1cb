package io.mfrecommender;

import io.mfrecommender.cli.CommandLine;
import io.mfrecommender.system.FatalErrors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point. With no command it starts the HTTP service; {@code train ...} and {@code benchmark ...}
 * run the command-line tools without starting Spring (see {@link CommandLine}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RecommenderApplication {

    public static void main(String[] args) {
        if (CommandLine.handles(args)) {
            System.exit(CommandLine.run(args, System.out, System.err));
        }
        FatalErrors.install();
        SpringApplication.run(RecommenderApplication.class, args);
        DebugHeapExhaustion.startIfAsked();
    }
}
