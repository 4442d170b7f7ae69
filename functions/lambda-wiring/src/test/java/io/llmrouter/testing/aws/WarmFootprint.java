package io.llmrouter.testing.aws;

import io.micronaut.context.ApplicationContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a warm Lambda container holds between invocations: the bean definitions and the singletons
 * its application context has, and the heap that survives a full collection. A handler that keeps
 * something per invocation shows it in one of the three after enough invocations.
 *
 * @param beanDefinitions every bean definition the context knows, including ones registered at run time
 * @param singletons      the singleton beans the context has built or been handed
 * @param retainedHeap    bytes of heap in use after full collections
 */
public record WarmFootprint(int beanDefinitions, int singletons, long retainedHeap) {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** Far below what one kept object per invocation costs (a bean definition alone is ~500 bytes). */
    public static final double MAX_HEAP_BYTES_PER_INVOCATION = 20;
    /** Caches that fill once (JSON type caches, pools, lazily built maps), and the noise of measuring. */
    public static final long HEAP_SLACK_BYTES = 1_000_000;

    /**
     * Calls {@code invocation} {@code warmUp} times, takes the footprint, calls it {@code invocations}
     * times more and asserts that the bean definitions and singletons are the same and the retained heap
     * grew by less than {@link #HEAP_SLACK_BYTES} plus {@link #MAX_HEAP_BYTES_PER_INVOCATION} per invocation
     * (3 MB for 100,000: a handler that kept one bean definition per invocation grew 50 MB). {@code invocation} gets
     * the invocation's number and must fail on a wrong answer.
     */
    public static void assertNothingKept(String function, ApplicationContext context, int warmUp, int invocations,
                                         IntConsumer invocation) {
        for (int i = 0; i < warmUp; i++) {
            invocation.accept(i);
        }
        WarmFootprint before = of(context);
        for (int i = 0; i < invocations; i++) {
            invocation.accept(warmUp + i);
        }
        WarmFootprint after = of(context);
        System.out.println(function + ", " + invocations + " warm invocations: " + before + " -> " + after);
        assertEquals(before.beanDefinitions(), after.beanDefinitions(), "bean definitions: " + before + " -> " + after);
        assertEquals(before.singletons(), after.singletons(), "singletons: " + before + " -> " + after);
        long grown = after.retainedHeap() - before.retainedHeap();
        assertTrue(grown < HEAP_SLACK_BYTES + MAX_HEAP_BYTES_PER_INVOCATION * invocations,
                "retained heap grew " + grown + " bytes (" + after.heapBytesPerInvocation(before, invocations)
                        + " per invocation): " + before + " -> " + after);
    }

    public static WarmFootprint of(ApplicationContext context) {
        return new WarmFootprint(context.getAllBeanDefinitions().size(),
                context.getActiveBeanRegistrations(Object.class).size(), retainedHeapBytes());
    }

    /**
     * Heap in use after full collections, the smallest of a few readings: {@code System.gc()} is a
     * full, compacting collection on the JVM's default collector, and repeating it lets reference
     * processing and finalizable objects settle.
     */
    static long retainedHeapBytes() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** Heap growth from {@code before} to this footprint, in bytes per invocation. */
    public double heapBytesPerInvocation(WarmFootprint before, int invocations) {
        return (double) (retainedHeap - before.retainedHeap) / invocations;
    }

    @Override
    public String toString() {
        return beanDefinitions + " bean definitions, " + singletons + " singletons, "
                + String.format("%.1f MB", retainedHeap / 1e6) + " retained heap";
    }
}
