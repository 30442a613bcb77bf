"""fields: a catch-all mark ("Sonstiges" receives what fits no other field)

Revision ID: b7c2d4e6f8a1
Revises: c4f1a9d2e6b3
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c2d4e6f8a1'
down_revision = 'c4f1a9d2e6b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catch_all', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.drop_column('catch_all')
