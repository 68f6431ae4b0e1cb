/** Rating and catalog files, the compact in-memory {@link io.mfrecommender.data.Dataset}, splits and generators. */
package io.mfrecommender.data;
