package io.llmrouter.route.runtime.crac;

/**
 * What {@code org.crac} registers here: a proxy of this interface for each {@code org.crac.Resource}. The
 * proxy calls the registered resource, and throws what it throws.
 */
public interface Resource {

    void beforeCheckpoint(Context context) throws Exception;

    void afterRestore(Context context) throws Exception;
}
