/**
 * The Model room: pick and load a model folder (progress, cancel, a failed load keeps the working model) and try
 * it on a raw prompt with sampling settings, several candidates side by side.
 */
package app.characterstudio.ui.models;
