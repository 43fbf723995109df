package app.characterstudio.model;

/** Opens a model folder's weights in whichever format it holds (or the one asked for). */
public final class WeightSources {
    private WeightSources() {
    }

    /** The folder's preferred format: see {@link ModelFolder#preferredFormat()}. */
    public static MappedWeightSource open(ModelFolder folder) {
        return open(folder, folder.preferredFormat());
    }

    public static MappedWeightSource open(ModelFolder folder, WeightFormat format) {
        if (!folder.has(format)) {
            throw new ModelLoadException(folder.dir() + " has no " + format.marker());
        }
        var marker = folder.dir().resolve(format.marker());
        return switch (format) {
            case SAFETENSORS -> SafetensorsSource.open(marker);
            case SAFETENSORS_SHARDED -> SafetensorsSource.openSharded(marker);
            case TORCH_BIN -> TorchCheckpointSource.open(marker);
            case TORCH_BIN_SHARDED -> TorchCheckpointSource.openSharded(marker);
        };
    }
}
