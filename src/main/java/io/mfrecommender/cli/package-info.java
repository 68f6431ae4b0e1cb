/**
 * Command-line entries that run without the web server: {@code train}, {@code import}, {@code export}
 * and {@code benchmark}; a word that is no command prints the usage and exits 2.
 */
package io.mfrecommender.cli;
