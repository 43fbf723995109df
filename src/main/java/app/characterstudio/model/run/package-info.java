/**
 * Running a loaded model on DJL/PyTorch: {@link app.characterstudio.model.run.ModelService} loads and swaps the
 * current {@link app.characterstudio.model.run.LoadedModel}; {@link app.characterstudio.model.run.IndexTransformer}
 * is the forward pass (fused q/k/v on a GPU, rotary table, {@link app.characterstudio.model.run.KvCache}; in
 * {@link app.characterstudio.model.run.Precision#BF16} and {@link app.characterstudio.model.run.Precision#INT8} its
 * matrices are packed and multiplied by TorchScript modules the studio writes, {@code Bf16Kernels} and
 * {@code FbgemmKernels}, because DJL's JNI has neither bf16 nor quantized arrays, and each layer is one TorchScript
 * call, {@code FusedLayer}; {@link app.characterstudio.model.run.PrecisionChoice} says why);
 * {@link app.characterstudio.model.run.Generator} decodes N candidates as one batch with a prompt-prefix cache,
 * {@link app.characterstudio.model.run.TokenSampler} (the {@link app.characterstudio.model.run.SamplingParams}
 * defaults are the only ones) and {@link app.characterstudio.model.run.StopDetector}, streaming text to a
 * {@link app.characterstudio.model.run.GenerationListener}. Native math threads and CPU/GPU flavours are set up
 * here before PyTorch loads.
 */
package app.characterstudio.model.run;
