package org.together.launcher;

import java.nio.file.Path;

/**
 * The coordination team's read-only token for {@code run}: {@code TOGETHER_VIEWER_TOKEN} when set, otherwise generated
 * once and kept in {@code <data-dir>/viewer-token}, readable by its owner only. It reads the exact figures (the
 * dashboard's token field) and nothing else, so the admin token need not be pasted into a browser (review 18).
 */
public final class ViewerToken {

    public static final String FILE_NAME = "viewer-token";

    private ViewerToken() {
    }

    public static KeptSecret resolve(String fromEnvironment, Path dataDir) {
        return KeptSecret.resolve(fromEnvironment, dataDir, FILE_NAME);
    }
}
