/** Held-out accuracy (RMSE, MAE) and ranking quality (precision, recall, NDCG at k) of a model. */
package io.mfrecommender.evaluation;
