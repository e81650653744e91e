package dev.jdock.runtime.cgroup;

/** Minimal cgroup statistics; -1 where the controller is not available. */
public record CgroupStats(long memoryUsage, long memoryLimit, long pidsCurrent) {}
