/**
 * PyTorch {@code .pth} state dicts, read and written without Python: the zip container, a pickle
 * reader that constructs only what a state dict needs (Pyrolite underneath, never executing
 * anything), and tensors as flat arrays. Knows files and tensors, not models.
 */
package io.mfrecommender.pytorch;
