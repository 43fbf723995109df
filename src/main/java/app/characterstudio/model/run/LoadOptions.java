package app.characterstudio.model.run;

import app.characterstudio.model.WeightFormat;

/**
 * How to load a model folder.
 *
 * @param device    "cpu", "cuda", or null for CUDA when present
 * @param precision null for the device's default (fp16 on CUDA, fp32 on the CPU)
 * @param format    null for the folder's preferred weight format
 */
public record LoadOptions(String device, Precision precision, WeightFormat format) {
    public static final LoadOptions DEFAULTS = new LoadOptions(null, null, null);
}
