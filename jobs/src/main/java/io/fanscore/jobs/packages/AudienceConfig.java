package io.fanscore.jobs.packages;

import io.fanscore.rules.packages.PackageCatalog;

import java.io.Serializable;

/**
 * Audience packages (SPEC §8) of a job: the packages it starts with (more can be added at runtime
 * on the control topic), where versions are written, and the topics involved.
 *
 * @param packagesPath the packages directory, any Flink file system URI ({@code file:///...},
 *     {@code s3://...})
 */
public record AudienceConfig(
        PackageCatalog catalog, String packagesPath, String deltasTopic, String controlTopic)
        implements Serializable {}
