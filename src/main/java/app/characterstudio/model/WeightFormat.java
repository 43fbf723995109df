package app.characterstudio.model;

/** The ways a model folder can hold its weights, in the order they are preferred when several are present. */
public enum WeightFormat {
    SAFETENSORS("model.safetensors"),
    SAFETENSORS_SHARDED("model.safetensors.index.json"),
    TORCH_BIN("pytorch_model.bin"),
    TORCH_BIN_SHARDED("pytorch_model.bin.index.json");

    private final String marker;

    WeightFormat(String marker) {
        this.marker = marker;
    }

    /** The file whose presence means the folder holds this format (the weights, or the shard index). */
    public String marker() {
        return marker;
    }

    public boolean sharded() {
        return this == SAFETENSORS_SHARDED || this == TORCH_BIN_SHARDED;
    }

    public boolean safetensors() {
        return this == SAFETENSORS || this == SAFETENSORS_SHARDED;
    }
}
