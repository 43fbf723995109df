package app.characterstudio.model;

import java.util.Map;

/** The shards must hold exactly what their index says, where it says. */
final class ShardCheck {
    private ShardCheck() {
    }

    static MappedWeightSource againstIndex(MappedWeightSource joined, ShardIndex index) {
        try {
            for (Map.Entry<String, java.nio.file.Path> entry : index.weightMap().entrySet()) {
                String name = entry.getKey();
                if (!joined.names().contains(name) && !joined.unsupported().containsKey(name)) {
                    throw new ModelLoadException(index.indexFile() + " names tensor " + name + " in "
                            + entry.getValue().getFileName() + ", but that file does not hold it");
                }
                if (joined.names().contains(name) && !joined.location(name).file().equals(entry.getValue())) {
                    throw new ModelLoadException(index.indexFile() + " places tensor " + name + " in "
                            + entry.getValue().getFileName() + ", but it is in " + joined.location(name).file().getFileName());
                }
            }
            for (String name : joined.names()) {
                if (!index.weightMap().containsKey(name)) {
                    throw new ModelLoadException("tensor " + name + " of " + joined.location(name).file().getFileName()
                            + " is not listed in " + index.indexFile());
                }
            }
            return joined;
        } catch (RuntimeException e) {
            joined.close();
            throw e;
        }
    }
}
