// What a CI system tells the jobs it runs: the commit, the branch, the pull request, the run. A
// script that reads these is written for a pipeline (a slim-CI script that triggers a dbt Cloud
// job for the pull request it was given), even when no CI file of the repository names it.
// Only variables that carry the run's data count: a flag that only says "in CI" (`CI`,
// `GITHUB_ACTIONS`) is what tools read to adapt their output wherever they run.

const CI_RUN_VARIABLES = [
  // GitHub Actions
  'GITHUB_(?:REPOSITORY|SHA|REF|REF_NAME|HEAD_REF|BASE_REF|RUN_ID|RUN_NUMBER|RUN_ATTEMPT|EVENT_NAME|EVENT_PATH|WORKSPACE|OUTPUT|STEP_SUMMARY|ENV|WORKFLOW|JOB)',
  // GitLab CI
  'CI_(?:PIPELINE_ID|PIPELINE_SOURCE|COMMIT_SHA|COMMIT_REF_NAME|COMMIT_BRANCH|MERGE_REQUEST_IID|MERGE_REQUEST_SOURCE_BRANCH_NAME|MERGE_REQUEST_TARGET_BRANCH_NAME|PROJECT_ID|PROJECT_DIR|JOB_ID)',
  'BITBUCKET_(?:BUILD_NUMBER|COMMIT|BRANCH|PR_ID|REPO_SLUG|CLONE_DIR|WORKSPACE)',
  'CIRCLE_(?:SHA1|BRANCH|BUILD_NUM|PR_NUMBER|PULL_REQUEST|PROJECT_REPONAME)',
  // Azure Pipelines
  'BUILD_(?:BUILDID|SOURCEVERSION|SOURCEBRANCH|SOURCEBRANCHNAME)',
  'SYSTEM_PULLREQUEST_(?:PULLREQUESTID|PULLREQUESTNUMBER|SOURCEBRANCH|TARGETBRANCH)',
  'BUILDKITE_(?:BUILD_NUMBER|COMMIT|BRANCH|PULL_REQUEST)',
  'TRAVIS_(?:COMMIT|BRANCH|PULL_REQUEST|BUILD_NUMBER)',
  'DRONE_(?:COMMIT|BRANCH|BUILD_NUMBER|PULL_REQUEST)',
];

/**
 * A CI run variable read as a variable: quoted (`os.environ["GITHUB_SHA"]`, `getenv('CI_COMMIT_SHA')`),
 * expanded (`$GITHUB_REF`, `${CIRCLE_SHA1}`) or as a property (`process.env.GITHUB_HEAD_REF`).
 */
const READS_CI_RUN_VARIABLE = new RegExp(`(?:["'$\`{]|\\benv\\.)(?:${CI_RUN_VARIABLES.join('|')})\\b`);

export const readsCiRunVariables = (text: string): boolean => READS_CI_RUN_VARIABLE.test(text);
