// how the bot (and the provisioning script, and a job run by hand) signs in to Microsoft Graph: a managed
// identity in Azure, or an Entra app registration with a client secret or a certificate anywhere else.
// the same variables as @azure/identity's EnvironmentCredential, read here once with the rest of the
// settings; the adapter (adapters/graph/credential.ts) only turns the result into a credential.

export type GraphSignIn =
  | { auth: 'managed-identity'; /** a user-assigned identity; absent: the system-assigned one */ clientId?: string }
  | {
      auth: 'app-registration';
      tenantId: string;
      clientId: string;
      /** wins over the certificate when both are set */
      clientSecret?: string;
      certificatePath?: string;
      certificatePassword?: string;
    };

/** the Graph settings, read: how to sign in, or what is missing or wrong, naming the keys */
export type GraphSettings = { signIn: GraphSignIn } | { error: string };

/** any of these set means the operator meant Graph to be used */
export const GRAPH_KEYS = ['GRAPH_AUTH', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID'] as const;

const APP_REGISTRATION_HELP =
  'an app registration needs AZURE_TENANT_ID, AZURE_CLIENT_ID and either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH; ' +
  'in Azure you can set GRAPH_AUTH=managed-identity instead';

export function readGraphSettings(env: Record<string, string | undefined>): GraphSettings {
  const get = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value ? value : undefined;
  };
  const mode = get('GRAPH_AUTH');
  const clientId = get('AZURE_CLIENT_ID');

  if (mode === 'managed-identity') return { signIn: { auth: 'managed-identity', ...(clientId ? { clientId } : {}) } };
  if (mode !== undefined && mode !== 'app-registration') {
    return {
      error: `GRAPH_AUTH: "${mode}" is not one I know. Use GRAPH_AUTH=managed-identity, or leave it empty to sign in as an app registration (${APP_REGISTRATION_HELP}).`,
    };
  }

  const tenantId = get('AZURE_TENANT_ID');
  const clientSecret = get('AZURE_CLIENT_SECRET');
  const certificatePath = get('AZURE_CLIENT_CERTIFICATE_PATH');
  const certificatePassword = get('AZURE_CLIENT_CERTIFICATE_PASSWORD');
  const missing: string[] = [];
  if (!tenantId) missing.push("AZURE_TENANT_ID (your school's Entra tenant id: Entra admin centre, Overview, Tenant ID)");
  if (!clientId) missing.push("AZURE_CLIENT_ID (the app registration's Application (client) ID)");
  if (!clientSecret && !certificatePath)
    missing.push(
      "AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (the app registration's client secret, or the path of its certificate's PEM file)",
    );
  if (missing.length > 0 || !tenantId || !clientId) {
    return { error: `Missing ${missing.join('; ')}. ${capitalise(APP_REGISTRATION_HELP)}.` };
  }
  return {
    signIn: {
      auth: 'app-registration',
      tenantId,
      clientId,
      ...(clientSecret ? { clientSecret } : {}),
      ...(certificatePath ? { certificatePath } : {}),
      ...(certificatePassword ? { certificatePassword } : {}),
    },
  };
}

/** what a Graph sign-in would need, for when none is configured */
export const NO_GRAPH_SIGN_IN = (readGraphSettings({}) as { error: string }).error;

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
