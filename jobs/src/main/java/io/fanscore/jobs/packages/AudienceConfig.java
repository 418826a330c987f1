package io.fanscore.jobs.packages;

import io.fanscore.rules.packages.PackageCatalog;

import java.io.Serializable;

/**
 * Audience packages (SPEC §8) of a job: the packages it starts with (more can be added at runtime
 * on the control topic), where versions are written, and the topics involved.
 *
 * @param definitionsFile where the catalog was read from, as the audit names it
 * @param packagesPath the packages directory, any Flink file system URI ({@code file:///...},
 *     {@code s3://...})
 * @param auditTopic where every package definition change and its decision is written
 */
public record AudienceConfig(
        PackageCatalog catalog,
        String definitionsFile,
        String packagesPath,
        String deltasTopic,
        String controlTopic,
        String auditTopic)
        implements Serializable {}
