/**
 * Cross-cutting wiring only, on top of every feature: how requests are received (body limits,
 * guards, {@code recommender.http.*}), security, problem responses, OpenAPI, health, the exit on
 * out-of-memory, and the aliases of settings that moved. Each feature binds its own settings.
 */
package io.mfrecommender.system;
