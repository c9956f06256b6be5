# The same orders service with the mistakes Responsibility Lens flags: SSH open to the
# world, a public unencrypted database with a password in the file, an unencrypted volume,
# Block Public Access turned off, a trail that does not log, and an admin wildcard policy.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

variable "vpc_id" {
  type = string
}

resource "aws_security_group" "admin" {
  name        = "orders-admin"
  description = "Admin access"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "orders" {
  identifier                 = "orders"
  engine                     = "postgres"
  engine_version             = "16.3"
  instance_class             = "db.t4g.micro"
  allocated_storage          = 20
  username                   = "orders"
  password                   = "Orders-Prod-2024!x7Kq"
  vpc_security_group_ids     = [aws_security_group.admin.id]
  publicly_accessible        = true
  storage_encrypted          = false
  auto_minor_version_upgrade = false
  skip_final_snapshot        = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = false
}

resource "aws_s3_bucket" "invoices" {
  bucket = "example-orders-invoices"
}

resource "aws_s3_bucket_public_access_block" "invoices" {
  bucket                  = aws_s3_bucket.invoices.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "example-audit-logs"
  enable_logging = false
}

resource "aws_iam_role" "orders" {
  name = "orders-service"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "orders" {
  name = "everything"
  role = aws_iam_role.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}
