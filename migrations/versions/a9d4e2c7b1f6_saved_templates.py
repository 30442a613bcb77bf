"""saved templates: a moderator's own workshop templates (questions, fields, run sheet)

Revision ID: a9d4e2c7b1f6
Revises: f3a8c1d5e7b9
Create Date: 2026-12-06

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'a9d4e2c7b1f6'
down_revision = 'f3a8c1d5e7b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['moderator.id'], name=op.f('fk_saved_template_owner_id_moderator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_template'))
    )
    with op.batch_alter_table('saved_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_template_owner_id'), ['owner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_template_owner_id'))

    op.drop_table('saved_template')
