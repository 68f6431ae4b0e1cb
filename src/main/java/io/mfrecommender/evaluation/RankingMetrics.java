package io.mfrecommender.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Top-k ranking quality, averaged over test users with at least one relevant held-out rating.
 * Candidates are every item of the model except those the user rated in training.
 *
 * @param k         list length
 * @param threshold a held-out rating at least this high is relevant (4 on 1..5, scaled on other scales)
 * @param users     users averaged over
 * @param precision hits in the top k divided by k
 * @param recall    hits in the top k divided by the user's relevant held-out items
 * @param ndcg      binary-relevance DCG of the top k divided by the best achievable DCG
 * @param coverage  share of the catalog's items that appear in at least one of these users' top k
 */
public record RankingMetrics(
        int k, double threshold, int users, double precision, double recall, double ndcg, double coverage) {

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rankingK", k);
        map.put("relevanceThreshold", threshold);
        map.put("rankingUsers", users);
        map.put("precisionAtK", precision);
        map.put("recallAtK", recall);
        map.put("ndcgAtK", ndcg);
        map.put("catalogCoverage", coverage);
        return map;
    }
}
