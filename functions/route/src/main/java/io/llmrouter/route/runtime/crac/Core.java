package io.llmrouter.route.runtime.crac;

/** The global context {@code org.crac} registers resources with, in this runtime. */
public final class Core {

    private static final Context GLOBAL = new Context();

    private Core() {
    }

    public static Context getGlobalContext() {
        return GLOBAL;
    }

    /**
     * Asked for by {@code org.crac.Core.checkpointRestore()}: a program cannot take its own snapshot here,
     * Lambda takes it once the runtime asks for {@code /runtime/restore/next}.
     */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        throw new UnsupportedOperationException("Lambda takes the snapshot; the runtime runs the hooks around it");
    }
}
