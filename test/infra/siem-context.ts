/**
 * SIEM destinations of every kind, with a VPC placement, as CDK context: used by the SIEM
 * infrastructure tests and added to the cdk-nag configuration matrix. The webhook's secret
 * value below is what a careless configuration might leak; only its ARN may reach a template.
 */
export const WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dmis/siem/webhook-AbCdEf';
export const SYSLOG_KEY_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dmis/siem/syslog-key';
/** A secret value that exists only in Secrets Manager: never in context, template or environment. */
export const WEBHOOK_SECRET_VALUE = 'whsec-7a41c0de9f2b4e8d93c5b1a06e2f4d7c';

const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n';

/** One destination of each kind. */
export const SIEM_DESTINATIONS = [
  {
    name: 'soc-syslog',
    kind: 'syslog',
    format: 'cef',
    host: 'siem.soc.example.gov',
    port: 6514,
    caPem: CERTIFICATE,
    clientCertPem: CERTIFICATE,
    clientKeySecretArn: SYSLOG_KEY_SECRET_ARN,
    filter: { minSeverity: 'medium' },
  },
  { name: 'soc-webhook', kind: 'webhook', format: 'json', url: 'https://siem.soc.example.gov/ingest', secretArn: WEBHOOK_SECRET_ARN },
  { name: 'security-lake', kind: 's3', format: 'ocsf', bucket: 'soc-security-lake-eu-west-1', prefix: 'ext/dmis-audit/' },
] as const;

/** Existing subnets and one security group. */
export const SIEM_VPC = {
  vpcId: 'vpc-0a1b2c3d4e5f60718',
  subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
  securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
};

/** Context keys as the command line gives them: JSON strings. */
export const SIEM_CONTEXT: Readonly<Record<string, string>> = {
  siemDestinations: JSON.stringify(SIEM_DESTINATIONS),
  siemVpc: JSON.stringify(SIEM_VPC),
  siemDownAlarmMinutes: '20',
};
