package io.llmrouter.route.runtime.crac;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The registered resources, and the two moments they are told about. Like CRaC's own global context,
 * it runs before-checkpoint hooks in the reverse order of registration and after-restore hooks in the
 * order of registration, runs every hook even when one fails, and holds resources weakly: a resource
 * lives as long as whoever registered it keeps it.
 */
public final class Context {

    private final List<WeakReference<Resource>> resources = new ArrayList<>();

    public synchronized void register(Resource resource) {
        resources.removeIf(registered -> registered.get() == null);
        resources.add(new WeakReference<>(resource));
    }

    /** Before Lambda takes the snapshot. */
    public void beforeCheckpoint() throws CheckpointException {
        List<Resource> live = live();
        CheckpointException failure = new CheckpointException();
        for (int i = live.size() - 1; i >= 0; i--) {
            try {
                live.get(i).beforeCheckpoint(this);
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /** After Lambda has restored the snapshot, before the first invocation. */
    public void afterRestore() throws RestoreException {
        RestoreException failure = new RestoreException();
        for (Resource resource : live()) {
            try {
                resource.afterRestore(this);
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private synchronized List<Resource> live() {
        List<Resource> live = new ArrayList<>();
        for (WeakReference<Resource> registered : resources) {
            Resource resource = registered.get();
            if (resource != null) {
                live.add(resource);
            }
        }
        return live;
    }
}
