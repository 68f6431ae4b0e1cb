/**
 * Command-line entries that run without the web server: {@code train}, {@code import}, {@code export}
 * and {@code benchmark}, parsed by picocli (usage and {@code --help} for each; an unknown command,
 * option or word exits 2 naming it).
 */
package io.mfrecommender.cli;
