/** What the HTTP API shares: problem types, the errors services raise, and the model-version contract of responses. */
package io.mfrecommender.api;
