/**
 * Who may do what: scopes, the route table that says which scope each operation needs, API keys
 * (hashed, several, reloaded live), bearer tokens' scopes, per-credential request rates, and the
 * audit trail of changes. The HTTP wiring that applies them is in {@code system}.
 */
package io.mfrecommender.access;
