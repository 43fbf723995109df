package app.characterstudio.cli;

import picocli.CommandLine.IVersionProvider;

final class StudioVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = StudioVersion.class.getPackage().getImplementationVersion();
        return new String[] {"Character Studio " + (version == null ? "(development build)" : version)};
    }
}
