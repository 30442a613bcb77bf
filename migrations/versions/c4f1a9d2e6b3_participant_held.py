"""participants created in a burst of joins are held (ideas pre-moderated)

Revision ID: c4f1a9d2e6b3
Revises: c41f7a9d2e6b
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1a9d2e6b3'
down_revision = 'c41f7a9d2e6b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('held')
