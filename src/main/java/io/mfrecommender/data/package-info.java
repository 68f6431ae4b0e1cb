/**
 * Rating and catalogue files, the compact in-memory {@link io.mfrecommender.data.Dataset}, splits and
 * generators, durable file helpers (atomic replacement, forced appends) and the ratings database.
 */
package io.mfrecommender.data;
