/**
 * The CRaC implementation that {@code org.crac} delegates to inside the streaming runtime, so that the
 * SnapStart hooks the functions register with {@code org.crac.Core.getGlobalContext()} (the priming in
 * {@code FunctionHandler}) run before Lambda's snapshot and after its restore.
 *
 * <p>Why it exists: {@code org.crac} only forwards registrations to a JDK CRaC API or to the package named
 * by the system property {@code org.crac.Core.Compat}; on a JVM without CRaC, with neither, it drops them.
 * The managed Java runtime points that property at its own package; our runtime replaces the managed
 * one's main class, so it points the property here ({@code StreamingRuntime.main}) and calls
 * {@link io.llmrouter.route.runtime.crac.Context#beforeCheckpoint()} and
 * {@link io.llmrouter.route.runtime.crac.Context#afterRestore()} itself. The class names are the ones
 * {@code org.crac} looks up in that package: {@code Core}, {@code Context}, {@code Resource},
 * {@code CheckpointException} and {@code RestoreException}.
 */
package io.llmrouter.route.runtime.crac;
