/** Command-line entries that run without the web server: {@code train} and {@code benchmark}. */
package io.mfrecommender.cli;
