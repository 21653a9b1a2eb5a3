import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreateVirtualMFADeviceCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  EnableMFADeviceCommand,
  IAMClient,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { DeleteDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import type { ClientFor } from './company/clients.js';
import type { DemoCompanyFacts } from './company/index.js';

// The management account's part of the readiness project (readiness.ts): people and network.

/** Policies through groups only, no administrator users, MFA for every console user, the leaver removed. */
export async function identities(client: ClientFor, facts: DemoCompanyFacts): Promise<void> {
  const iam = client(IAMClient);
  const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
  // Policies through groups only; administrator rights only through the break-glass role process (not a user).
  await iam.send(
    new DetachGroupPolicyCommand({
      GroupName: facts.iam.breakGlass.group,
      PolicyArn: facts.iam.breakGlass.policyArn,
    }),
  );
  for (const u of facts.iam.users) {
    if (u.userName === facts.iam.leaver.userName) continue;
    for (const arn of u.attachedPolicies) {
      await iam.send(new DetachUserPolicyCommand({ UserName: u.userName, PolicyArn: arn }));
      if (arn === ADMIN) continue;
      const group = `acme-${arn.split('/').pop()!.toLowerCase()}`;
      await iam.send(new CreateGroupCommand({ GroupName: group })).catch(() => undefined);
      await iam.send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: arn }));
      await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: u.userName }));
    }
    if (u.console && !u.mfa) {
      const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: u.userName }));
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: u.userName,
          SerialNumber: device.VirtualMFADevice!.SerialNumber!,
          AuthenticationCode1: '123456',
          AuthenticationCode2: '654321',
        }),
      );
    }
  }
  const leaver = facts.iam.users.find((u) => u.userName === facts.iam.leaver.userName)!;
  for (const arn of leaver.attachedPolicies)
    await iam.send(new DetachUserPolicyCommand({ UserName: leaver.userName, PolicyArn: arn }));
  for (const g of leaver.groups)
    await iam.send(new RemoveUserFromGroupCommand({ UserName: leaver.userName, GroupName: g }));
  if (leaver.console) await iam.send(new DeleteLoginProfileCommand({ UserName: leaver.userName }));
  await iam.send(new DeleteUserCommand({ UserName: leaver.userName }));
}

/** World-open SSH and RDP revoked; the public, unencrypted reporting database decommissioned. */
export async function network(client: ClientFor, facts: DemoCompanyFacts): Promise<void> {
  for (const g of facts.ec2.securityGroups.filter((x) => x.posture !== 'restricted')) {
    const ec2 = client(EC2Client, g.region);
    const sg = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g.groupId] })))
      .SecurityGroups![0]!;
    if (sg.IpPermissions?.length)
      await ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: g.groupId, IpPermissions: sg.IpPermissions }),
      );
  }
  for (const d of facts.rds.instances.filter((x) => x.posture === 'bad'))
    await client(RDSClient, d.region).send(
      new DeleteDBInstanceCommand({ DBInstanceIdentifier: d.id, SkipFinalSnapshot: true }),
    );
}
