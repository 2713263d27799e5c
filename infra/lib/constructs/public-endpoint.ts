import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface PublicEndpointProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly hostedZoneId: string;
  readonly zoneName: string;
  readonly hostName: string;
  readonly deletionProtection: boolean;
  /** Days to keep ALB access logs. */
  readonly accessLogRetentionDays: number;
}

/**
 * The only internet-facing piece: an ALB with HTTPS (ACM certificate,
 * DNS-validated in the existing zone), HTTP redirected to HTTPS, access logs
 * in S3, and an alias record. Targets are attached by the service.
 */
export class PublicEndpoint extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly httpsListener: elbv2.ApplicationListener;
  readonly url: string;

  constructor(scope: Construct, id: string, props: PublicEndpointProps) {
    super(scope, id);

    // Zone by id and name: no Route 53 lookup at synth, so no credentials needed.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.hostedZoneId,
      zoneName: props.zoneName,
    });
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: props.hostName,
      validation: acm.CertificateValidation.fromDns(zone),
    });

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Public ALB: HTTPS (and HTTP for the redirect) from anywhere',
      // Egress is opened per target by the listener (only to the service port).
      allowAllOutbound: false,
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      internetFacing: true,
      securityGroup,
      deletionProtection: props.deletionProtection,
      dropInvalidHeaderFields: true,
      // GraphQL requests are short; a long idle timeout only holds sockets.
      idleTimeout: Duration.seconds(60),
    });

    // ALB access logs require SSE-S3 (not KMS). Kept after stack deletion:
    // the bucket is usually non-empty, and these are the audit trail.
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.loadBalancer.logAccessLogs(accessLogs, 'alb');
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the sink for the ALB access logs; logging access to the log bucket itself would only log the log delivery.',
    });

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: true,
      // The default action is the service's target group (AppService adds it).
    });
    this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
    Validations.of(securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'Public API for the mobile app: the ALB must accept 443 (and 80, redirected to 443) from any address. It is the only resource with public ingress.',
    });

    new route53.ARecord(this, 'Alias', {
      zone,
      recordName: props.hostName,
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.loadBalancer)),
    });
    this.url = `https://${props.hostName}`;
  }
}
