/** Client text said back in problems: escaped and cut short. Depends on nothing else in the project. */
package io.mfrecommender.text;
