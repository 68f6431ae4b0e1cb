package io.mfrecommender.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Ratings from a database query ({@code recommender.data.source: jdbc}): the rows are streamed
 * through a cursor (a fetch size in a read-only transaction) straight into the
 * {@link DatasetBuilder}'s primitive arrays, never held as objects, in the query's order (by id, by
 * default), so a later row of the same user and movie wins as a later line of a file does. A row
 * with a null or non-finite value, or a rating outside a configured scale, is skipped and counted
 * ({@code lenient}) or stops the load ({@code strict}).
 */
final class JdbcRatingsReader {

    static final int FETCH_SIZE = 10_000;
    private static final int MAX_PROBLEMS = 5;
    private static final String SOURCE = "database query";

    private final ParseMode mode;
    private final RatingScale configuredScale;

    JdbcRatingsReader(ParseMode mode, RatingScale configuredScale) {
        this.mode = mode;
        this.configuredScale = configuredScale;
    }

    RatingsReader.Result read(Database database, String query) {
        try {
            database.migrate();
        } catch (RuntimeException e) {
            throw new DataLoadException("the ratings database cannot be reached or migrated: " + reason(e));
        }
        DatasetBuilder builder = new DatasetBuilder();
        List<String> problems = new ArrayList<>();
        long rows = 0;
        long skipped = 0;
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams through a cursor only inside a transaction
            connection.setReadOnly(true);
            try (PreparedStatement statement =
                    connection.prepareStatement(query, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.getMetaData().getColumnCount() < 4) {
                        throw new DataLoadException("recommender.data.query must return user, movie, rating and "
                                + "timestamp (4 columns); it returns "
                                + result.getMetaData().getColumnCount());
                    }
                    while (result.next()) {
                        rows++;
                        long user = result.getLong(1);
                        boolean nullUser = result.wasNull();
                        long movie = result.getLong(2);
                        boolean nullMovie = result.wasNull();
                        double rating = result.getDouble(3);
                        boolean nullRating = result.wasNull();
                        long timestamp = result.getLong(4);
                        String problem = nullUser || nullMovie || nullRating
                                ? "a null user, movie or rating"
                                : !Double.isFinite(rating)
                                        ? "rating " + rating + " is not a number"
                                        : configuredScale != null && !configuredScale.contains(rating)
                                                ? "rating " + rating + " is outside the configured scale "
                                                        + configuredScale
                                                : null;
                        if (problem == null) {
                            builder.add(user, movie, (float) rating, timestamp);
                            continue;
                        }
                        String where = SOURCE + ": row " + rows + ": " + problem;
                        if (mode == ParseMode.STRICT) {
                            throw new DataLoadException(where + " (parse mode strict)");
                        }
                        skipped++;
                        if (problems.size() < MAX_PROBLEMS) {
                            problems.add(where);
                        }
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new DataLoadException("recommender.data.query failed: " + reason(e));
        }
        if (builder.size() == 0) {
            throw new DataLoadException(SOURCE + ": no valid ratings in " + rows + " rows"
                    + (problems.isEmpty() ? "" : "; first: " + problems.get(0)));
        }
        Dataset dataset = builder.build(configuredScale);
        return new RatingsReader.Result(
                dataset,
                new LoadReport(
                        SOURCE, RatingFormat.ROWS, rows, dataset.size(), skipped, builder.duplicates(), problems));
    }

    /** The database's own words for a failed statement (a missing table, say) and its SQL state; never the URL. */
    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                boolean unreachable = state != null && state.startsWith("08");
                return (unreachable ? "the database cannot be reached" : firstLine(sql.getMessage()))
                        + (state == null ? "" : " (SQL state " + state + ")");
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
