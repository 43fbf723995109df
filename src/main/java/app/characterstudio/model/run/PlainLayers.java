package app.characterstudio.model.run;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;

/**
 * {@link FusedLayer} for fp32 and fp16 matrices as loaded ({@code torch.linear}), on any device. Off by default:
 * {@code -Dcharacterstudio.fusedLayers=true} turns it on. It is meant for the GPU, where a decode step issued
 * about 2,500 operations from Java at about 16 us each and that, not the GPU, set the pace
 * ({@code src/test/bench/README.md}, "GPU"); it is tested on the CPU against the op-by-op layer and waits for a GPU
 * lease to be measured there before it becomes the default.
 */
final class PlainLayers implements AutoCloseable {
    private static final String METHODS = """
              def lin(self: __torch__.Kernels,
                x: Tensor,
                w: Tensor,
                reduce: bool) -> Tensor:
                return torch.linear(x, w)
            """ + FusedLayer.methods("Tensor");

    private final TorchScriptModule module;
    private final FusedLayer fusedLayer;

    PlainLayers(NDManager manager) {
        module = new TorchScriptModule(manager, METHODS);
        fusedLayer = new FusedLayer(module, matrix -> IValue.from((PtNDArray) matrix), false);
    }

    FusedLayer fusedLayer() {
        return fusedLayer;
    }

    @Override
    public void close() {
        fusedLayer.close(true);
        module.close();
    }
}
