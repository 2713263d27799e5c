import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface NetworkProps {
  readonly vpcCidr: string;
  /** Subnets per tier; the AZs themselves come from the stack (see HealthSyncStack.availabilityZones). */
  readonly azCount: number;
  readonly natGateways: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * VPC with three tiers:
 * - `public`: only the ALB and the NAT gateways live here;
 * - `app` (private, egress through NAT): the Fargate tasks;
 * - `data` (isolated, no route out at all): RDS and ElastiCache.
 * Nothing but the load balancer has a public address.
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  readonly publicSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PUBLIC };
  readonly appSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  readonly dataSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if (props.natGateways < 1 || props.natGateways > props.azCount) {
      throw new Error(`Network: natGateways must be 1..${props.azCount}`);
    }

    // Rejected flows are what you need when a connection "just hangs"; the
    // accepted ones would dominate cost without helping that diagnosis.
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.vpcCidr),
      maxAzs: props.azCount,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        // /20: room for many tasks (each Fargate task takes one ENI/IP).
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      // ECR image layers are served from S3: a free gateway endpoint keeps that
      // traffic off the (per-GB billed) NAT gateways.
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
  }
}
