package io.llmrouter.routing.complexity;

/**
 * One reason a prompt scored as it did.
 *
 * @param name     the signal ({@code length}, {@code code}, {@code multi_step}, {@code analytical}, {@code math})
 * @param points   what it added to the score
 * @param evidence what was seen, for people ("fenced code block", "2,400 tokens", "'compare'")
 */
public record Signal(String name, double points, String evidence) {
}
