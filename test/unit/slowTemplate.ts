/** A CloudFormation template whose analysis takes far longer than the small time budgets of the budget tests (about 1 s per 10,000 buckets). */
export function slowTemplate(buckets: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let index = 0; index < buckets; index++) lines.push(`  Bucket${index}:`, '    Type: AWS::S3::Bucket', '    Properties:', `      BucketName: bucket-${index}`);
  return `${lines.join('\n')}\n`;
}
