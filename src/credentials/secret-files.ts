// Where a container keeps a secret as a file, and the variable that says where.

const MOUNTED_SECRET = /^\/(?:var\/)?run\/secrets\/([\w.-]{1,200})$/;

/** A Docker or Kubernetes secret mounted as a file (`/run/secrets/dbt_cloud_pat`): the secret's name. */
export const mountedSecretName = (path: string): string | undefined => MOUNTED_SECRET.exec(path)?.[1];

/**
 * Docker's `_FILE` convention (`POSTGRES_PASSWORD_FILE`): the variable holds the path of a file
 * that holds the secret, so what the file holds is named by the variable (`DBT_CLOUD_PAT_FILE`).
 */
export const isSecretFileVariable = (name: string): boolean => /_FILE$/i.test(name);
