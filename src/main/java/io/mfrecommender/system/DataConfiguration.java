package io.mfrecommender.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mfrecommender.data.DataProperties;
import io.mfrecommender.data.DataSourceLoader;
import io.mfrecommender.data.Database;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.ratings.RatingsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Wires the data layer to the configuration: the rating source and, where one is used, the database. */
@Configuration(proxyBeanMethods = false)
class DataConfiguration {

    @Bean
    DataSourceLoader dataSourceLoader(DataProperties dataProperties, ObjectProvider<Database> database) {
        return new DataSourceLoader(dataProperties, database.getIfAvailable());
    }

    /**
     * The database, when posted ratings are kept there ({@code recommender.ratings.store: postgres})
     * or ratings are loaded from it ({@code recommender.data.source: jdbc}), from Spring's usual keys
     * ({@code spring.datasource.url}, {@code .username}, {@code .password}, and
     * {@code spring.datasource.hikari.*} for the pool). It does not connect here: the startup
     * reads from it when it loads its data, and exits with one line if it cannot be reached. A
     * connection is waited for 2 s at most, so a write answers 503 soon while the database is away.
     */
    @Bean(destroyMethod = "close")
    @Conditional(DatabaseUsed.class)
    HikariDataSource databasePool(Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("recommender.ratings.store postgres and recommender.data.source jdbc "
                    + "need spring.datasource.url to name the database (jdbc:postgresql://host:5432/name)");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("ratings");
        config.setJdbcUrl(url);
        config.setUsername(environment.getProperty("spring.datasource.username"));
        config.setPassword(environment.getProperty("spring.datasource.password"));
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        // A batch of posted ratings goes as multi-row INSERTs rather than one statement per rating.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // A new connection to a database host that does not answer gives up after 2 s (the driver's
        // default is 10 s): the pool tries again sooner once the database is back.
        config.addDataSourceProperty("connectTimeout", "2");
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(config));
        return new HikariDataSource(config);
    }

    @Bean
    @Conditional(DatabaseUsed.class)
    Database database(HikariDataSource databasePool) {
        return new Database(databasePool);
    }

    /**
     * The ratings store checked against the one the models directory records (and recorded there by
     * the instance that writes it): instances sharing a directory refuse to start on different
     * stores ({@link RatingsStoreRecord}).
     */
    @Bean
    RatingsStoreRecord.Checked ratingsStoreChecked(ModelStore models, RatingsProperties ratings) {
        return RatingsStoreRecord.check(models.root(), models.writable(), ratings.store());
    }

    /** Whether the configuration keeps posted ratings in the database or loads ratings from it. */
    static final class DatabaseUsed implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Binder binder = Binder.get(context.getEnvironment());
            boolean store = binder.bind("recommender.ratings.store", RatingsProperties.Store.class)
                    .map(RatingsProperties.Store.POSTGRES::equals)
                    .orElse(false);
            boolean source = binder.bind("recommender.data.source", DataProperties.Source.class)
                    .map(DataProperties.Source.JDBC::equals)
                    .orElse(false);
            return store || source;
        }
    }
}
